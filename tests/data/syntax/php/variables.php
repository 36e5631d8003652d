<?php

function locals($list)
{
    $a = 1;
    $b = $c = 2;
    $a += $b;
    [$d, $e] = [3, 4];
    list($f, $g) = [5, 6];
    foreach ($list as $key => $value) {
        $a += $value;
    }
    foreach ($list as $item) {
        $h = &$item;
    }
    for ($i = 0; $i < 2; $i++) {
    }
    $list[0] = $a;
    return $a;
}
