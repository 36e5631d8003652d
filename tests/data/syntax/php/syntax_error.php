<?php

class Broken
{
    public function good($a)
    {
        if ($a > 0) {
            return 1;
        }
        return 0;
    }

    public function bad($a)
    {
        $x = ;
        foreach ($a as) {
        }
    }

    public function alsoGood($b)
    {
        while ($b > 0) {
            $b--;
        }
        return $b;
    }
}
