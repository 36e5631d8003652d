<html>
<body>
<?php if ($items): ?>
  <ul>
  <?php foreach ($items as $item): ?>
    <?php if ($item->visible): ?>
      <li><?= render($item) ?></li>
    <?php endif; ?>
  <?php endforeach; ?>
  </ul>
<?php endif; ?>
<?php
function render($item)
{
    return $item->title ?? 'untitled';
}
?>
</body>
</html>
