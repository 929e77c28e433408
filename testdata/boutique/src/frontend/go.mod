module github.com/example/boutique/src/frontend

go 1.22
