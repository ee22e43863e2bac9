{{ priority_mart(3) }}
