// Package sqlite is a test stub of gorm.io/driver/sqlite.
package sqlite

type Dialector struct{ DSN string }

func Open(dsn string) Dialector { return Dialector{DSN: dsn} }
