// Package gin is a test stub of github.com/gin-gonic/gin.
package gin

import (
	"mime/multipart"
	"os"
)

type Context struct{}

func (c *Context) FormFile(name string) (*multipart.FileHeader, error) { return nil, nil }
func (c *Context) SaveUploadedFile(file *multipart.FileHeader, dst string, perm ...os.FileMode) error {
	return nil
}
func (c *Context) String(code int, format string, values ...any) {}
