<?php

function check($a, $b, $c)
{
    if ($a > 0 && $b > 0 || $c > 0) {
        return true;
    }
    while ($a > 0 and $b > 0) {
        $a--;
    }
    $x = ($a > 0 && $b > 0 && $c > 0) ? 1 : 0;
    $y = $a && $b || $c;
    return $x;
}
