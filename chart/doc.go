// Package chart is mltui's line-chart engine: it turns metric histories into
// braille line charts with axes, a legend and a cursor readout. It is pure:
// no I/O, no Bubble Tea model and no colours of its own (styles come in as
// functions), so the dashboard, the CLI export and tests all draw the same
// text.
//
// Drawing is exact at any size: each pixel column keeps the minimum and
// maximum of every point that falls into it (an envelope), so a one-step
// spike among a million points stays visible. NaN and ±Inf values leave
// gaps and never stretch the axes, and x values that go backwards (a resumed
// run) start a new line segment instead of drawing back across the chart.
package chart
