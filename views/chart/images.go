package chart

import (
	"context"
	"path"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/format"
	"mltui/termimage"
	"mltui/views"
	"mltui/views/components/picture"
)

// stepImage is one image logged with mlflow.log_image(key=..., step=...):
// MLflow 3 keeps it as images/KEY+step+N+timestamp+T+UUID.png, with a
// +compressed.webp thumbnail beside it.
type stepImage struct {
	Key       string
	Step      int64
	Timestamp int64
	Path      string
}

// parseStepImage reads a step image's path; ok false for anything else
// (thumbnails, images logged without a step, other files).
func parseStepImage(p string) (stepImage, bool) {
	name := path.Base(p)
	if !strings.HasSuffix(name, ".png") || strings.HasSuffix(name, "+compressed.png") {
		return stepImage{}, false
	}
	parts := strings.Split(strings.TrimSuffix(name, ".png"), "+")
	n := len(parts)
	if n < 6 || parts[n-5] != "step" || parts[n-3] != "timestamp" {
		return stepImage{}, false
	}
	step, err1 := strconv.ParseInt(parts[n-4], 10, 64)
	ts, err2 := strconv.ParseInt(parts[n-2], 10, 64)
	key := strings.Join(parts[:n-5], "+")
	if err1 != nil || err2 != nil || key == "" {
		return stepImage{}, false
	}
	return stepImage{Key: key, Step: step, Timestamp: ts, Path: p}, true
}

// stepImages are the images of one run and key, by step.
type stepImages struct {
	RunID string
	Key   string
	List  []stepImage
	Keys  int // how many keys the run logged images under
}

// imagesFolder is where MLflow 3 keeps step images.
const imagesFolder = "images"

// maxImageRuns is how many of the charted runs are asked for images.
const maxImageRuns = 8

// loadImages lists the charted runs' images/ folders; the first run that
// has step images gets the pane (its first key, alphabetically).
func (m *Model) loadImages() tea.Cmd {
	ids := m.ids[:min(len(m.ids), maxImageRuns)]
	_, cmd := views.Load(m.env, "images", func(ctx context.Context, s client.Store) (stepImages, error) {
		for _, id := range ids {
			files, err := client.FileSet{RunID: id}.List(ctx, s, imagesFolder)
			if client.KindOf(err) == client.KindNotFound {
				continue
			}
			if err != nil {
				return stepImages{}, err
			}
			byKey := map[string][]stepImage{}
			for _, f := range files {
				if im, ok := parseStepImage(f.Path); ok && !f.IsDir {
					byKey[im.Key] = append(byKey[im.Key], im)
				}
			}
			if len(byKey) == 0 {
				continue
			}
			keys := make([]string, 0, len(byKey))
			for k := range byKey {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			list := byKey[keys[0]]
			sort.Slice(list, func(i, j int) bool { return list[i].Step < list[j].Step })
			return stepImages{RunID: id, Key: keys[0], List: list, Keys: len(keys)}, nil
		}
		return stepImages{}, nil
	})
	return cmd
}

// loadedPicture is one step image read and decoded.
type loadedPicture struct {
	Path string
	Pic  *picture.Picture
}

func (m *Model) imagesLoaded(msg views.Loaded[stepImages]) tea.Cmd {
	if msg.Err != nil {
		m.imagesErr = msg.Err
		return nil
	}
	m.images = msg.Value
	m.imgIdx = m.imageAtCursor()
	m.layout()
	return m.loadPicture()
}

// imageAtCursor is the last image at or before the cursor's step (the
// first when the cursor is off or not on steps).
func (m *Model) imageAtCursor() int {
	if !m.cursorOn || m.axis != plot.XStep {
		return 0
	}
	at := 0
	for i, im := range m.images.List {
		if float64(im.Step) <= m.cursor {
			at = i
		}
	}
	return at
}

// stepImage moves to the image d steps away and puts the cursor on its
// step, so the curves and the picture show the same moment.
func (m *Model) stepImage(d int) tea.Cmd {
	if len(m.images.List) == 0 {
		return nil
	}
	m.imgIdx = min(max(m.imgIdx+d, 0), len(m.images.List)-1)
	if m.axis != plot.XStep {
		m.axis, m.zoomed = plot.XStep, false
	}
	m.cursorOn, m.cursor = true, float64(m.images.List[m.imgIdx].Step)
	m.layout()
	return m.loadPicture()
}

// loadPicture reads the current image once.
func (m *Model) loadPicture() tea.Cmd {
	if len(m.images.List) == 0 || m.env.Images == termimage.None {
		return nil
	}
	im := m.images.List[m.imgIdx]
	if _, ok := m.pictures[im.Path]; ok {
		return nil
	}
	m.pictures[im.Path] = nil // asked
	set, mode, bg := client.FileSet{RunID: m.images.RunID}, m.env.Images, picture.Background(m.env.Theme)
	_, cmd := views.Load(m.env, "image", func(ctx context.Context, s client.Store) (loadedPicture, error) {
		open := func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
			return set.Open(ctx, s, im.Path, off, n)
		}
		return loadedPicture{Path: im.Path, Pic: picture.Read(ctx, open, nil, -1, mode, bg)}, nil
	})
	return cmd
}

// imagePaneFrom is the width from which the image pane stands beside the
// charts; imagePaneMax its widest.
const (
	imagePaneFrom = 100
	imagePaneMax  = 64
)

// imagePaneWidth is the pane's width (0: none).
func (m *Model) imagePaneWidth() int {
	if len(m.images.List) == 0 || m.width < imagePaneFrom {
		return 0
	}
	return min(m.width/3, imagePaneMax)
}

// chartWidth is what the charts get beside the pane.
func (m *Model) chartWidth() int {
	if w := m.imagePaneWidth(); w > 0 {
		return m.width - w
	}
	return m.width
}

// imageBox is where the picture goes: the pane's corner (after a gap
// column and the two heading lines) and its size.
func (m *Model) imageBox() (x, y, w, h int) {
	pw := m.imagePaneWidth()
	return m.width - pw + 1, 2, pw - 1, max(m.height-m.legendHeight()-1-2, 1)
}

// currentPicture is the decoded picture of the current image.
func (m *Model) currentPicture() (stepImage, *picture.Picture, bool) {
	if len(m.images.List) == 0 || m.imagePaneWidth() == 0 {
		return stepImage{}, nil, false
	}
	im := m.images.List[m.imgIdx]
	pic := m.pictures[im.Path]
	return im, pic, pic.Drawable()
}

// imagePane is the pane's text: the key, the step and the picture.
func (m *Model) imagePane(h int) string {
	s := m.env.Styles()
	_, _, w, ph := m.imageBox()
	im := m.images.List[m.imgIdx]
	title := s.PanelTitle.Render(format.Truncate(format.Visible(im.Key)+" · step "+format.Int(int(im.Step)), w))
	where := format.Truncate("image "+format.Int(m.imgIdx+1)+" of "+format.Int(len(m.images.List))+" · [ ] step · run "+m.runName(m.images.RunID), w)
	lines := []string{title, s.Muted.Render(where)}
	pic, asked := m.pictures[im.Path]
	switch {
	case m.env.Images == termimage.None:
		lines = append(lines, s.Muted.Render(format.Truncate(format.Visible(path.Base(im.Path)), w)))
	case pic.Drawable():
		lines = append(lines, m.pics.Lines(im.Path, pic, w, ph)...)
	case pic != nil:
		lines = append(lines, s.Warning.Render(format.Truncate("not drawn: "+format.Visible(pic.Err.Error()), w)))
	case asked:
		lines = append(lines, s.Muted.Render("reading the image…"))
	}
	return lipgloss.NewStyle().PaddingLeft(1).Render(fitLines(strings.Join(lines, "\n"), w, h))
}

// syncImage sends a Kitty picture that came into view.
func (m *Model) syncImage() tea.Cmd {
	im, pic, ok := m.currentPicture()
	if !ok {
		return nil
	}
	_, _, w, h := m.imageBox()
	return m.pics.Sync(im.Path, pic, w, h)
}

// Overlay is the Sixel or iTerm2 picture over the pane.
func (m *Model) Overlay() (views.Overlay, bool) {
	im, pic, ok := m.currentPicture()
	if !ok || m.picker != nil {
		return views.Overlay{}, false
	}
	x, y, w, h := m.imageBox()
	return m.pics.Overlay(im.Path, pic, x, y, w, h)
}
