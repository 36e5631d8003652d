<?php

class Account
{
    private $owner;
    private $balance = 0;

    public function __construct($owner)
    {
        $this->owner = $owner;
    }

    public function deposit($amount)
    {
        $this->balance += $amount;
    }

    public function balance()
    {
        return $this->balance;
    }

    public function ownerName()
    {
        return (string) $this->owner;
    }

    public function greeting()
    {
        return 'Hello ' . $this->ownerName();
    }

    public static function make()
    {
        return new static('nobody');
    }

    public function remake()
    {
        return self::make();
    }
}

trait Helpers
{
    public function one()
    {
        return $this?->two();
    }

    public function two()
    {
        return 2;
    }
}

interface Shape
{
    public function area();
}
