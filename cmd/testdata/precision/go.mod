module example.com/precision/v2

go 1.22
