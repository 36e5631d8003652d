class Account(private val owner: String) {
    private var balance = 0

    init {
        require(owner.isNotEmpty())
    }

    fun deposit(amount: Int) {
        this.balance += amount
    }

    fun balance(): Int = this.balance

    fun ownerName(): String = this.owner

    fun greeting(): String = "Hello " + ownerName()

    fun summary(): String = this.greeting()

    fun alone(): Int = 42
}

object Registry {
    fun one(): Int = two()

    fun two(): Int = 2
}

interface Shape {
    fun area(): Double
}
