struct Account {
  Account(int start) : balance(start) {}

  void deposit(int amount) { this->balance += amount; }
  void withdraw(int amount) { this->balance -= amount; }
  int report() const { return this->describe(); }
  int describe() const { return this->owner; }
  int bare() const { return balance; }

  int balance;
  int owner = 0;
};
