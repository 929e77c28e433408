module example.com/sessionmap

go 1.22
