class Account {
  constructor(owner) {
    this.owner = owner;
    this.balance = 0;
  }

  deposit(amount) {
    this.balance += amount;
  }

  withdraw(amount) {
    this.balance -= amount;
  }

  report() {
    return this.describe();
  }

  describe() {
    return this.owner;
  }

  static helper() {
    return 1;
  }
}
