package filewrite

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/spf13/afero"
)

// Fires: gin and fiber v3 upload helpers.
func ginUpload(c *gin.Context) {
	file, _ := c.FormFile("file")
	c.SaveUploadedFile(file, "./uploads/"+file.Filename) // want `gin.Context.SaveUploadedFile writes an uploaded file to local disk under "./uploads"`
}

func fiberUpload(c fiber.Ctx) error {
	file, _ := c.FormFile("file")
	c.SaveFileToStorage(file, file.Filename, nil)          // quiet: a storage backend
	return c.SaveFile(file, "/srv/uploads/"+file.Filename) // want `fiber.Ctx.SaveFile writes an uploaded file to local disk under "/srv/uploads"`
}

// Quiet: gin upload into the temporary directory.
func ginScratch(c *gin.Context) {
	file, _ := c.FormFile("file")
	c.SaveUploadedFile(file, os.TempDir()+"/"+file.Filename)
}

// Fires: afero's OS filesystem; quiet when read-only, in memory or in the temp dir.
func filesystems(w http.ResponseWriter, r *http.Request) {
	_ = afero.NewOsFs()                                        // want `afero.NewOsFs opens the local disk read-write`
	_ = afero.NewBasePathFs(afero.NewOsFs(), "/var/lib/blobs") // want `afero.NewOsFs opens the local disk read-write under "/var/lib/blobs"`
	_ = afero.NewReadOnlyFs(afero.NewOsFs())
	_ = afero.NewMemMapFs()
	_ = afero.NewBasePathFs(afero.NewOsFs(), os.TempDir())
}
