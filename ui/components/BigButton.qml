import QtQuick
import ".."

// A large touch button; ``primary`` for the one main action on a screen.
Rectangle {
    id: button
    property string text
    property bool primary: false
    // What a screen reader says; defaults to the label (set it when the label has a symbol).
    property string accessibleName: text
    // A toggle shows its "on" state as a primary button and reports it as checked.
    property bool checkable: false
    property bool checked: false
    property int pixelSize: Theme.heading
    signal clicked()

    implicitHeight: Theme.buttonHeight
    implicitWidth: Math.max(Theme.touchMin * 2, label.implicitWidth + 2 * Theme.spacing)
    radius: Theme.radius
    color: primary ? (area.pressed ? Theme.primaryPressed : Theme.primary)
                   : (area.pressed ? Theme.secondaryPressed : Theme.secondary)
    border.width: primary ? 0 : (Theme.highContrast ? 3 : 2)
    border.color: Theme.border
    opacity: enabled ? 1.0 : 0.5

    Accessible.role: Accessible.Button
    Accessible.name: accessibleName
    Accessible.checkable: checkable
    Accessible.checked: checked
    Accessible.onPressAction: button.clicked()

    Text {
        id: label
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing
        anchors.rightMargin: Theme.spacing
        text: button.text
        color: button.primary ? Theme.textOnPrimary : Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: button.pixelSize
        font.weight: Font.DemiBold
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }

    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
