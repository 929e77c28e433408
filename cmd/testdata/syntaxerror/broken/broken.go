package broken

func Oops( {
}
