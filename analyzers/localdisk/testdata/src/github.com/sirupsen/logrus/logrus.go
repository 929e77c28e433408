// Package logrus is a test stub of github.com/sirupsen/logrus.
package logrus

import "io"

type Logger struct {
	Out io.Writer
}

func New() *Logger                        { return &Logger{} }
func SetOutput(out io.Writer)             {}
func (l *Logger) SetOutput(out io.Writer) {}
