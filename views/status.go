package views

import (
	"mltui/client"
	"mltui/theme"
)

// Status is how the theme draws a run status (glyph and colour).
func Status(s client.RunStatus) theme.Status {
	switch s {
	case client.StatusRunning:
		return theme.StatusRunning
	case client.StatusFinished:
		return theme.StatusFinished
	case client.StatusFailed:
		return theme.StatusFailed
	case client.StatusKilled:
		return theme.StatusKilled
	case client.StatusScheduled:
		return theme.StatusScheduled
	}
	return theme.StatusUnknown
}
