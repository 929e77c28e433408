// Package fiber is a test stub of github.com/gofiber/fiber/v3, whose Ctx is
// an interface.
package fiber

import "mime/multipart"

type Ctx interface {
	FormFile(key string) (*multipart.FileHeader, error)
	SaveFile(fileheader *multipart.FileHeader, path string) error
	SaveFileToStorage(fileheader *multipart.FileHeader, path string, storage any) error
}
