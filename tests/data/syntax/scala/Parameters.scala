class Parameters(a: Int) {
  def this(a: Int, b: String) = this(a)

  def none(): Unit = {}

  def three(a: Int, b: String = "", rest: Int*): Unit = {}

  def curried(a: Int)(b: Int)(implicit c: Ordering[Int]): Int = a + b

  def noList: Int = 1
}
