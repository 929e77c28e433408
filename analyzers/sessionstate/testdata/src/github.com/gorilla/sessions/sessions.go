// Package sessions is a stub of github.com/gorilla/sessions.
package sessions

type Store interface{ Name() string }

type CookieStore struct{}

func (*CookieStore) Name() string { return "cookie" }

type FilesystemStore struct{}

func (*FilesystemStore) Name() string { return "fs" }

func NewCookieStore(keyPairs ...[]byte) *CookieStore { return &CookieStore{} }

func NewFilesystemStore(path string, keyPairs ...[]byte) *FilesystemStore {
	return &FilesystemStore{}
}
