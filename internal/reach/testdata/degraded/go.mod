module example.com/degraded

go 1.22

require github.com/urfave/cli/v3 v3.0.0
