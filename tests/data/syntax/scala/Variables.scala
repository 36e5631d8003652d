object Variables {
  def locals(list: List[(Int, Int)]): Int = {
    val a = 1
    var b = 2
    b = a + b
    val (c, d) = (3, 4)
    for (x <- list) {
      b += x._1
    }
    list.foreach { item => val e = item._1 }
    b
  }
}
