package manifest

import (
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"sync"
)

// LoadAll loads the named files of fsys (slash-separated paths relative to
// its root) in parallel and returns the set in the order of names. Files that
// are not configuration are counted as skipped.
//
// An os.DirFS is read as a Tree of its directory (see Tree): the audited
// tree is hostile, and os.DirFS follows symbolic links out of it and
// refuses file names that are not valid UTF-8.
func LoadAll(fsys fs.FS, names []string) *Set {
	if dir, ok := dirOf(fsys); ok {
		tree, err := OpenTree(dir)
		if err != nil {
			set := &Set{}
			for _, name := range names {
				set.Errors = append(set.Errors, Error{File: name, Message: unwrapPath(err).Error()})
			}
			return set
		}
		defer tree.Close()
		fsys = tree
	}
	type result struct {
		file *File
		errs []Error
		skip string
	}
	results := make([]result, len(names))
	charts := &chartCache{m: map[string]*Chart{}}
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				data, err := ReadFile(fsys, names[i])
				if err != nil {
					var skip *SkipError
					if errors.As(err, &skip) {
						results[i] = result{skip: skip.Reason}
						continue
					}
					results[i] = result{errs: []Error{{File: names[i], Message: err.Error()}}}
					continue
				}
				f, errs, why := loadFileChart(names[i], data, charts.get(fsys, names[i]))
				results[i] = result{file: f, errs: errs, skip: why}
			}
		}()
	}
	for i := range names {
		work <- i
	}
	close(work)
	wg.Wait()

	set := &Set{}
	for i, r := range results {
		if r.file != nil {
			set.Files = append(set.Files, r.file)
		}
		if r.skip != "" {
			set.Skip(names[i], r.skip)
		}
		set.Errors = append(set.Errors, r.errs...)
	}
	sort.SliceStable(set.Errors, func(i, j int) bool { return set.Errors[i].File < set.Errors[j].File })
	resolveTerraformVariables(set)
	return set
}

// Add appends a file loaded elsewhere (stdin) to the set.
func (s *Set) Add(f *File, errs []Error) {
	if f != nil {
		s.Files = append(s.Files, f)
	}
	s.Errors = append(s.Errors, errs...)
}

// Skip records a file that is not audited, and why.
func (s *Set) Skip(file, reason string) {
	s.Skipped = append(s.Skipped, Skipped{File: file, Reason: reason})
}

// Skipped is a file the loader did not read as configuration.
type Skipped struct {
	File   string
	Reason string
}

// SkipError is a ReadFile error for a file that is not worth an error
// (binary, a device): the file is skipped with the reason.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

// chartCache reads each chart's Chart.yaml and values.yaml once, for the
// templates loaded in parallel.
type chartCache struct {
	mu sync.Mutex
	m  map[string]*Chart
}

// get returns the chart of a template, or nil for a file outside a chart's
// templates/ directory.
func (c *chartCache) get(fsys fs.FS, name string) *Chart {
	dir := ChartDir(name)
	if dir == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.m[dir]; ok {
		return ch
	}
	read := func(file string) []byte {
		data, err := ReadFile(fsys, path.Join(dir, file))
		if err != nil {
			return nil
		}
		return data
	}
	meta := read("Chart.yaml")
	var ch *Chart
	if meta != nil {
		ch = ParseChart(meta, read("values.yaml"))
	}
	c.m[dir] = ch
	return ch
}
