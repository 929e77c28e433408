package tickerlib

import (
	"log"
	"time"
)

// Quiet: a metrics flusher in a library package.
func Flush() {
	for range time.NewTicker(10 * time.Second).C {
		log.Println("flush")
	}
}
