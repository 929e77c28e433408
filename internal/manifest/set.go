package manifest

import (
	"io/fs"
	"runtime"
	"sort"
	"sync"
)

// LoadAll loads the named files of fsys (slash-separated paths relative to
// its root) in parallel and returns the set in the order of names. Files that
// are not configuration are counted as skipped.
func LoadAll(fsys fs.FS, names []string) *Set {
	type result struct {
		file *File
		errs []Error
		skip bool
	}
	results := make([]result, len(names))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				data, err := ReadFile(fsys, names[i])
				if err != nil {
					results[i] = result{errs: []Error{{File: names[i], Message: err.Error()}}}
					continue
				}
				f, errs := Load(names[i], data)
				results[i] = result{file: f, errs: errs, skip: f == nil && len(errs) == 0}
			}
		}()
	}
	for i := range names {
		work <- i
	}
	close(work)
	wg.Wait()

	set := &Set{}
	for _, r := range results {
		if r.file != nil {
			set.Files = append(set.Files, r.file)
		}
		if r.skip {
			set.Skipped++
		}
		set.Errors = append(set.Errors, r.errs...)
	}
	sort.SliceStable(set.Errors, func(i, j int) bool { return set.Errors[i].File < set.Errors[j].File })
	return set
}

// Add appends a file loaded elsewhere (stdin) to the set.
func (s *Set) Add(f *File, errs []Error) {
	if f != nil {
		s.Files = append(s.Files, f)
	}
	s.Errors = append(s.Errors, errs...)
}
