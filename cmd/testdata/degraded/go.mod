module example.com/degr

go 1.22

require go.etcd.io/bbolt v1.3.99
