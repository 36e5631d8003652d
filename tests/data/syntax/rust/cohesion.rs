struct Account {
    owner: String,
    balance: i64,
}

impl Account {
    fn new(owner: String) -> Self {
        Account { owner, balance: 0 }
    }

    fn deposit(&mut self, amount: i64) {
        self.balance += amount;
    }

    fn current(&self) -> i64 {
        self.balance
    }

    fn owner_name(&self) -> &str {
        &self.owner
    }

    fn greeting(&self) -> String {
        format!("Hello {}", self.owner_name())
    }

    fn summary(&self) -> String {
        self.greeting()
    }

    fn zero() -> i64 {
        Self::default_balance()
    }

    fn default_balance() -> i64 {
        0
    }
}

impl std::fmt::Display for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.owner)
    }
}

trait Shape {
    fn area(&self) -> f64;

    fn describe(&self) -> String {
        format!("area {}", self.area())
    }
}
