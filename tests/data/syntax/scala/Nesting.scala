object Nesting {
  def deep(a: Int, list: List[Int]): Unit = {
    var b = a
    if (b > 0) {
      for (x <- list) {
        while (b > x) {
          b -= 1
        }
      }
    } else if (b < 0) {
      b += 1
    } else {
      b match {
        case 0 => b = 1
      }
    }
  }

  def bumps(a: Int): Unit = {
    var b = a
    if (b > 0) {
      if (b > 1) {
        b = 2
      }
    }
    b = 3
    for (i <- 0 until b) {
      b += i
    }
    try {
      while (b < 10) {
        b += 1
      }
    } catch {
      case e: Exception =>
    }
  }

  def elseIfChain(a: Int): Int = {
    var b = a
    if (b == 1) {
      b = 2
    } else if (b == 2) {
      b = 3
    } else if (b == 3) {
      b = 4
    } else {
      b = 5
    }
    b
  }
}
