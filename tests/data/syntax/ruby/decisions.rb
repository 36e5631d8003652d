class Decisions
  def straight(a)
    a + 1
  end

  def branches(a, list)
    if a > 0
      a += 1
    elsif a < 0
      a -= 1
    end
    unless a.zero?
      a = 2
    end
    while a > 10
      a -= 1
    end
    until a > 5
      a += 1
    end
    for x in list
      a += x
    end
    case a
    when 1, 2 then a = 3
    when 3 then a = 4
    else a = 5
    end
    begin
      a = Integer("1")
    rescue ArgumentError
      a = 0
    rescue TypeError
      a = -1
    ensure
      a += 0
    end
    b = a > 0 ? 1 : 2
    a += 1 if b > 1
    a -= 1 unless b > 1
    a += 1 while a < 0
    @memo ||= a
    a > 0 && b > 0 || a.nil?
  end

  def words(a, b)
    a and b or not a
  end

  def blocks(list)
    list.each do |x|
      puts x if x
    end
    list.map { |y| y > 0 ? y : -y }
  end

  def patterns(value)
    case value
    in Integer then 1
    in String then 2
    else 3
    end
  end

  def self.create(a)
    a ? new : nil
  end
end
