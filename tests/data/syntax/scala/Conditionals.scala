object Conditionals {
  def check(a: Int, b: Int, c: Int): Boolean = {
    var x = a
    if (a > 0 && b > 0 || c > 0) {
      return true
    }
    while (x > 0 && b > 0) {
      x -= 1
    }
    val y = a > 0 && b > 0 || c > 0
    a match {
      case n if n > 0 && b > 0 && c > 0 => x = 1
      case _                            =>
    }
    y
  }
}
