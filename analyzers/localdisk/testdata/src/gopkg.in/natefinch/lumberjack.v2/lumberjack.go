// Package lumberjack is a test stub of gopkg.in/natefinch/lumberjack.v2.
package lumberjack

type Logger struct {
	Filename   string
	MaxSize    int
	MaxBackups int
}

func (l *Logger) Write(p []byte) (int, error) { return len(p), nil }
