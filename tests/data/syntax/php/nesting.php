<?php

function deep($a, $list)
{
    if ($a > 0) {
        foreach ($list as $x) {
            while ($a > $x) {
                $a--;
            }
        }
    } elseif ($a < 0) {
        $a++;
    } else {
        if ($a == 0) {
            $a = 1;
        }
    }
}

function bumps($a)
{
    if ($a > 0) {
        if ($a > 1) {
            $a = 2;
        }
    }
    $a = 3;
    for ($i = 0; $i < $a; $i++) {
        $a++;
    }
    try {
        switch ($a) {
            case 1:
                $a = 4;
        }
    } catch (Exception $e) {
    }
}

function else_if_chain($a)
{
    if ($a == 1) {
        $a = 2;
    } else if ($a == 2) {
        $a = 3;
    } else if ($a == 3) {
        $a = 4;
    } else {
        $a = 5;
    }
}
