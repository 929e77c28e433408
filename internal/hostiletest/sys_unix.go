//go:build unix

package hostiletest

import "syscall"

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

func mknodZero(path string) error {
	return syscall.Mknod(path, syscall.S_IFCHR|0o644, 1<<8|5)
}
