package limiter

import "github.com/gofiber/fiber/v2"

type Config struct {
	Max     int
	Storage fiber.Storage
}

func New(config ...Config) fiber.Handler { return nil }
