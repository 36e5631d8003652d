<?php

class Decisions
{
    public function straight($a)
    {
        return $a + 1;
    }

    public function branches($a, $list)
    {
        if ($a > 0) {
            $a++;
        } elseif ($a < 0) {
            $a--;
        } else if ($a == 0) {
            $a = 1;
        }
        for ($i = 0; $i < $a; $i++) {
        }
        foreach ($list as $x) {
        }
        while ($a > 10) {
            $a--;
        }
        do {
            $a++;
        } while ($a < 5);
        switch ($a) {
            case 1:
            case 2:
                break;
            default:
                break;
        }
        try {
            $a = 1;
        } catch (InvalidArgumentException $e) {
            $a = 2;
        } catch (Exception $e) {
            $a = 3;
        } finally {
            $a = 4;
        }
        $b = $a > 0 ? 1 : 2;
        $c = $a ?: 3;
        $d = $a ?? 4;
        $e = match ($a) {
            1, 2 => 'low',
            3 => 'mid',
            default => 'high',
        };
        return $a > 0 && $b > 0 || $c > 0;
    }

    public function words($a, $b)
    {
        return $a and $b or $a xor $b;
    }

    public function closures($list)
    {
        $f = function ($x) use ($list) {
            return $x ? 1 : 0;
        };
        $g = fn($y) => $y && $list;
        return [$f, $g];
    }

    public function nullable(?int $a): ?int
    {
        return $a;
    }
}

function helper($a)
{
    return $a ? 1 : 0;
}
