class Account(owner: String) {
  private var balance = 0

  def this() = this("nobody")

  def deposit(amount: Int): Unit = {
    this.balance += amount
  }

  def current(): Int = this.balance

  def ownerName(): String = this.owner

  def greeting(): String = "Hello " + ownerName()

  def summary(): String = this.greeting()

  def alone(): Int = 42
}

trait Shape {
  def area(): Double

  def describe(): String = "area " + area()
}
