class Account {
    private int balance;
    private String owner;

    Account(String owner) {
        this.owner = owner;
    }

    void deposit(int amount) {
        this.balance += amount;
    }

    void withdraw(int amount) {
        this.balance -= amount;
    }

    String report() {
        return this.describe();
    }

    String describe() {
        return this.owner;
    }

    int bare() {
        return balance;
    }
}
