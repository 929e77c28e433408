module example.com/reachmod

go 1.22

require (
	github.com/spf13/cobra v1.0.0
	github.com/urfave/cli/v2 v2.0.0
)

replace github.com/spf13/cobra => ./_stubs/cobra

replace github.com/urfave/cli/v2 => ./_stubs/cli
