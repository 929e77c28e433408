package fiber

type Ctx struct{}

type Handler = func(*Ctx) error

type Storage interface {
	Get(key string) ([]byte, error)
}

type App struct{}

func New() *App { return &App{} }

func (a *App) Use(args ...any) {}

func (a *App) Listen(addr string) error { return nil }
