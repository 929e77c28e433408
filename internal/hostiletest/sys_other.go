//go:build !unix

package hostiletest

import "errors"

var errUnsupported = errors.New("not on this system")

func mkfifo(string) error { return errUnsupported }

func mknodZero(string) error { return errUnsupported }
