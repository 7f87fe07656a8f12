<?php
// Do not count spiders in the visit statistics.
$isBot = preg_match('/bot|spider|crawl|baiduspider|googlebot/i', $_SERVER['HTTP_USER_AGENT'] ?? '');
if (!$isBot) {
    include __DIR__ . '/stats.php';
}
$ref = $_SERVER['HTTP_REFERER'] ?? '';
if (strpos($ref, 'baidu.com') !== false) {
    $source = 'baidu';
}
echo '<link rel="stylesheet" href="/css/site.css">';
ob_start();
