// Package session is a stub of github.com/labstack/echo-contrib/session.
package session

import "github.com/gorilla/sessions"

type MiddlewareFunc func()

func Middleware(store sessions.Store) MiddlewareFunc { return nil }
