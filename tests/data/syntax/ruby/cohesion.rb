class Account
  def initialize(owner)
    @owner = owner
    @balance = 0
  end

  def deposit(amount)
    @balance += amount
  end

  def balance
    @balance
  end

  def owner_name
    @owner.to_s
  end

  def initials
    owner_name()[0]
  end

  def greeting
    "Hello " + owner_name
  end

  def summary
    self.greeting
  end

  def alone
    42
  end
end

module Helpers
  def one
    two(1)
  end

  def two(x)
    x
  end
end
