package main

import (
	"log"
	"time"
)

// Quiet: a batch command that serves no traffic may tick as it likes.
func main() {
	for range time.Tick(time.Second) {
		log.Println("tick")
	}
}
