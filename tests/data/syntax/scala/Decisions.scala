class Decisions {
  def straight(a: Int): Int = a + 1

  def branches(a: Int, list: List[Int]): Int = {
    var b = a
    if (b > 0) {
      b += 1
    } else if (b < 0) {
      b -= 1
    }
    for (x <- list if x > 0) {
      b += x
    }
    while (b > 10) {
      b -= 1
    }
    do {
      b += 1
    } while (b < 5)
    b match {
      case 1 | 2         => b = 3
      case n if n > 10   => b = 4
      case _             => b = 5
    }
    try {
      b = list.head
    } catch {
      case _: NoSuchElementException => b = 0
    } finally {
      b += 0
    }
    if (b > 0 && list.isEmpty || b < 0) 1 else 0
  }

  def partial(list: List[Option[Int]]): List[Int] =
    list.collect {
      case Some(x) if x > 0 => x
    }

  def lambdas(list: List[Int]): List[Int] = {
    val f = (x: Int) => if (x > 0) x else -x
    list.map(y => if (y > 0) f(y) else 0)
  }

  def abstractLike: Int
}
