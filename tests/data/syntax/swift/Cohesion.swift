class Account {
    private var balance = 0
    private let owner: String

    init(owner: String) {
        self.owner = owner
    }

    func deposit(_ amount: Int) {
        self.balance += amount
    }

    func current() -> Int {
        return self.balance
    }

    func ownerName() -> String {
        return self.owner
    }

    func greeting() -> String {
        return "Hello " + ownerName()
    }

    func summary() -> String {
        return self.greeting()
    }

    func alone() -> Int {
        return 42
    }
}

struct Point {
    var x = 0
    var y = 0

    func sum() -> Int {
        return self.x + self.y
    }
}

extension Point {
    func twice() -> Int {
        return self.sum() * 2
    }
}

protocol Shape {
    func area() -> Double
}
