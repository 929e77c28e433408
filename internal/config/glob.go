package config

import (
	"errors"
	"path"
	"strings"
)

// matchGlob matches a slash-separated path against a glob in which each
// segment is a path.Match pattern and a "**" segment stands for any number
// of directories, none included. The standard library has no "**", and
// pulling in a dependency for twenty lines is not worth it.
func matchGlob(glob, name string) bool {
	return matchSegs(strings.Split(glob, "/"), strings.Split(name, "/"))
}

func matchSegs(glob, name []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			// Collapse runs of ** and try every split point.
			for len(glob) > 0 && glob[0] == "**" {
				glob = glob[1:]
			}
			if len(glob) == 0 {
				return true
			}
			for i := range name {
				if matchSegs(glob, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], name[0]); !ok {
			return false
		}
		glob, name = glob[1:], name[1:]
	}
	return len(name) == 0
}

// checkGlob rejects globs that can never match: malformed brackets, absolute
// paths, paths leaving the root.
func checkGlob(glob string) error {
	if strings.HasPrefix(glob, "/") {
		return errors.New("globs are relative to the audited root: drop the leading /")
	}
	for _, seg := range strings.Split(strings.TrimPrefix(glob, "./"), "/") {
		if seg == ".." {
			return errors.New("globs cannot leave the audited root")
		}
		if seg == "" {
			return errors.New("empty path segment")
		}
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}
