module example.com/binname/v3

go 1.22
