class Nesting
  def deep(a, list)
    if a > 0
      list.each do |x|
        while a > x
          a -= 1
        end
      end
    elsif a < 0
      a += 1
    else
      case a
      when 0
        a = 1
      end
    end
  end

  def bumps(a)
    if a > 0
      unless a > 1
        a = 2
      end
    end
    a = 3
    for i in 1..a
      a += i
    end
    begin
      until a > 10
        a += 1
      end
    rescue StandardError
      a = 0
    end
  end
end

def else_if_chain(a)
  if a == 1
    a = 2
  elsif a == 2
    a = 3
  elsif a == 3
    a = 4
  else
    a = 5
  end
  a
end
