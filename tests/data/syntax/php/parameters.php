<?php

class Parameters
{
    public function __construct(private int $a, protected string $b = '')
    {
    }

    public function none()
    {
    }

    public function three(int $a, ?string $b = null, int ...$rest)
    {
    }

    public function byReference(array &$items, callable $f)
    {
    }
}
