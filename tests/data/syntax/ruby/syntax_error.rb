class Broken
  def good(a)
    if a > 0
      1
    else
      0
    end
  end

  def bad(
    x = = 1
  end

  def also_good(b)
    b += 1 while b < 0
    b
  end
end
